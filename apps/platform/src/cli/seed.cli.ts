import { SingleBar, Presets } from 'cli-progress';
import { DemoSeedService } from '../seed/demo-seed.service';
import { flag, withCliContext } from './cli-context';

/** npm run seed -- --enterprises N --seed S */
const count = Number(flag('enterprises', '2000'));
const seed = Number(flag('seed', '20261127'));
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run seed -- --enterprises N --seed S   (N, S integers)');
  process.exit(2);
}

void withCliContext(async (app) => {
  const bar = new SingleBar({ format: '企业 {bar} {value}/{total} ({percentage}%) {eta_formatted}' }, Presets.shades_classic);
  const started = Date.now();
  bar.start(count, 0);
  const summary = await app.get(DemoSeedService).seed(count, seed, (done) => bar.update(done));
  bar.stop();
  console.log(`seeded ${summary.enterprises} enterprises in ${((Date.now() - started) / 1000).toFixed(1)} s; users (password ${summary.password}):`);
  for (const u of summary.users) console.log(`  ${u.role.padEnd(16)} ${u.username}`);
});
