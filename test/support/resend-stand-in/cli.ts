/**
 * Runs the Resend stand-in by hand or for benchmarks:
 *
 *   npx tsx test/support/resend-stand-in/cli.ts --port 0 --rate 10
 *
 * Prints the base URL alone on the first line of stdout (then details on
 * stderr) and runs until SIGINT/SIGTERM. Point a client at it with
 * RESEND_BASE_URL=<url> RESEND_API_KEY=<key>.
 */
import { parseArgs } from 'node:util';
import { ALL_FAULT_KINDS, type FaultKindInput } from './faults.ts';
import { startResendStandIn, type StandIn } from './server.ts';

const USAGE = `Usage: tsx test/support/resend-stand-in/cli.ts [options]
  --port N            port to listen on (default 0: any free port)
  --host H            address to listen on (default 127.0.0.1)
  --rate N            requests per second allowed (default: no limit)
  --api-key KEY       accepted API key (default re_test_standin_key)
  --no-bodies         do not keep html/text of emails (for big benchmarks)
  --no-request-log    do not keep the request log
  --fault-rate F      fraction 0..1 of requests that fail (default 0)
  --fault-kinds LIST  comma-separated: ${ALL_FAULT_KINDS.join(',')} (default all)
  --seed N            seed of the fault draw (default 1)
  --slow-ms N         delay of the 'slow' fault (default 2000)`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      rate: { type: 'string' },
      'api-key': { type: 'string' },
      'no-bodies': { type: 'boolean', default: false },
      'no-request-log': { type: 'boolean', default: false },
      'fault-rate': { type: 'string' },
      'fault-kinds': { type: 'string' },
      seed: { type: 'string' },
      'slow-ms': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} needs a number, got ${value}`);
  return parsed;
}

async function main(): Promise<void> {
  const values = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const faultRate = numberOption(values['fault-rate'], 'fault-rate');
  const standIn = await startResendStandIn({
    host: values.host,
    port: numberOption(values.port, 'port'),
    rateLimit: numberOption(values.rate, 'rate') ?? null,
    apiKey: values['api-key'],
    recordBodies: !values['no-bodies'],
    recordRequests: !values['no-request-log'],
    slowMs: numberOption(values['slow-ms'], 'slow-ms'),
    faults: faultRate
      ? {
          rate: faultRate,
          kinds: values['fault-kinds']?.split(',').map((kind) => kind.trim() as FaultKindInput),
          seed: numberOption(values.seed, 'seed'),
        }
      : null,
  });
  console.log(standIn.url);
  console.error(`Resend stand-in at ${standIn.url} (API key ${standIn.apiKey}); Ctrl-C to stop.`);
  stopOnSignal(standIn);
}

function stopOnSignal(standIn: StandIn): void {
  const stop = () => {
    console.error(`Accepted ${standIn.emails.length} emails in ${standIn.requests.length} requests.`);
    void standIn.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  console.error(USAGE);
  process.exit(1);
});
