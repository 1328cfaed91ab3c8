import { ConfigError, loadConfig } from '../../engine/config/config.js';
import { StackError } from './errors.js';
import { ensureStack, stackDirs, stackStatus, stopStack } from './stack.js';

/** `npm run stack:up | stack:down | stack:status` */
async function main(command: string | undefined): Promise<number> {
  const config = loadConfig();
  switch (command) {
    case 'up':
      await ensureStack(config, { quiet: false });
      return 0;
    case 'down':
      await stopStack(config, { quiet: false });
      console.log('Local stack stopped.');
      return 0;
    case 'status': {
      const status = await stackStatus(config);
      for (const s of status) {
        console.log(`${s.name.padEnd(11)} ${s.state.padEnd(9)} ${s.pid ? `pid ${s.pid}`.padEnd(11) : ''.padEnd(11)} ${s.rssMb ? `${s.rssMb} MB RSS`.padEnd(12) : ''.padEnd(12)} ${s.urls.join('  ')}`);
      }
      console.log(`data and logs: ${stackDirs(config).root}`);
      return status.every((s) => s.state === 'running') ? 0 : 3;
    }
    default:
      console.error('usage: stack up | down | status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof StackError || err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
