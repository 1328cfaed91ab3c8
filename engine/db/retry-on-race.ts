/** What an attempt answers when its revision-checked write matched nothing: another write came first. */
export const LOST_RACE = Symbol('lost race');
export type LostRace = typeof LOST_RACE;

/** How many times a read-decide-write is tried before giving up: each lost try means another write landed. */
export const RACE_TRIES = 20;

/**
 * Runs `attempt` (read, decide, revision-checked write) again while it answers LOST_RACE, and
 * answers what it answers otherwise; whatever it throws ends the tries at once. When every try
 * lost, throws an Error saying `what` kept changing, or the error `what` makes.
 */
export async function retryOnRace<T>(what: string | (() => Error), attempt: () => Promise<T | LostRace>): Promise<T> {
  for (let tried = 0; tried < RACE_TRIES; tried++) {
    const answer = await attempt();
    if (answer !== LOST_RACE) return answer;
  }
  throw typeof what === 'string' ? new Error(`${what}: gave up after ${RACE_TRIES} concurrent updates`) : what();
}
