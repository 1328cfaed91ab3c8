import { expect } from 'chai';
import { LOST_RACE, RACE_TRIES, retryOnRace, type LostRace } from '../engine/db/retry-on-race.js';
import { ApiError } from '../engine/http/errors.js';

/** An attempt answering `answers` in turn (LOST_RACE once they run out), counting its tries. */
function scripted<T>(...answers: (T | LostRace)[]): { tries: number; attempt: () => Promise<T | LostRace> } {
  const script = {
    tries: 0,
    attempt: async () => {
      const answer = script.tries < answers.length ? (answers[script.tries] as T | LostRace) : LOST_RACE;
      script.tries++;
      return answer;
    },
  };
  return script;
}

const failureOf = (promise: Promise<unknown>): Promise<Error> => promise.then(() => expect.fail('did not give up'), (err: Error) => err);

describe('engine/db: retryOnRace, the read-decide-write retried while another write comes first', () => {
  it('answers the first answer that is not LOST_RACE, trying once when the first try wins', async () => {
    const script = scripted('written');
    expect(await retryOnRace('order 1', script.attempt)).to.equal('written');
    expect(script.tries).to.equal(1);
  });

  it('tries again after each lost race, and takes null or false as answers, not as lost races', async () => {
    const won = scripted<string>(LOST_RACE, LOST_RACE, 'written');
    expect(await retryOnRace('order 1', won.attempt)).to.equal('written');
    expect(won.tries).to.equal(3);
    expect(await retryOnRace('order 1', scripted<null>(LOST_RACE, null).attempt)).to.equal(null);
    expect(await retryOnRace('order 1', scripted<boolean>(false).attempt)).to.equal(false);
  });

  it(`gives up after ${RACE_TRIES} lost tries with an Error saying what kept changing`, async () => {
    const script = scripted<string>();
    const err = await failureOf(retryOnRace('order 1', script.attempt));
    expect(err.message).to.equal(`order 1: gave up after ${RACE_TRIES} concurrent updates`);
    expect(script.tries).to.equal(RACE_TRIES);
  });

  it('gives up with the error the caller makes, e.g. a 409 for an API request', async () => {
    const err = await failureOf(retryOnRace(() => new ApiError(409, 'CONCURRENT_UPDATE', 'The order is changing too often'), scripted<string>().attempt));
    expect(err).to.be.instanceOf(ApiError);
    expect((err as ApiError).status).to.equal(409);
    expect((err as ApiError).code).to.equal('CONCURRENT_UPDATE');
  });

  it('lets an error the attempt throws through at once, without trying again', async () => {
    const refused = new ApiError(404, 'NOT_FOUND', 'ProductOrder not found');
    let tries = 0;
    const err = await failureOf(retryOnRace('order 1', async () => {
      tries++;
      throw refused;
    }));
    expect(err).to.equal(refused);
    expect(tries).to.equal(1);
  });
});
