// `npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 40]`: where a CPU profile's time went.
// Self time per function (file:line), then per package or source folder, then inclusive time of the
// heaviest call frames, so that a middleware's whole cost (its callees included) shows on one line.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '40' } } });
const top = Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;

// Self time from samples and their deltas (µs), which is exact where hitCount × interval is not.
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/(dist|src)\//, '$1/');
const frameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const groupOf = (n: ProfileNode) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/')[0]!.replace(/^node:internal/, 'node:internal');
  const own = /\/(dist|src)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
};

const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
const print = (title: string, rows: [string, number][]) => {
  console.log(`\n## ${title}`);
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
};

const selfByFrame = new Map<string, number>();
const selfByGroup = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  selfByFrame.set(frameOf(n), (selfByFrame.get(frameOf(n)) ?? 0) + us);
  selfByGroup.set(groupOf(n), (selfByGroup.get(groupOf(n)) ?? 0) + us);
}

// Inclusive: a node's self time plus its subtree's, credited once per frame on each stack.
const inclusive = new Map<string, number>();
const walk = (id: number, onStack: Set<string>): number => {
  const n = byId.get(id)!;
  let sum = selfUs.get(id) ?? 0;
  const frame = frameOf(n);
  const fresh = !onStack.has(frame);
  if (fresh) onStack.add(frame);
  for (const child of n.children ?? []) sum += walk(child, onStack);
  if (fresh) {
    onStack.delete(frame);
    inclusive.set(frame, (inclusive.get(frame) ?? 0) + sum);
  }
  return sum;
};
walk(profile.nodes[0]!.id, new Set());

console.log(`profile: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by function', [...selfByFrame]);
print('self time by package / source file', [...selfByGroup]);
print('inclusive time by function', [...inclusive].filter(([f]) => !f.startsWith('(root)')));
