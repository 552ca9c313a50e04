import { describe, expect, it } from 'vitest';
import { anchors, links, mask, outputMatches, parsePage } from './markdown.js';

const page = [
  '<!-- docs-test: WORKERS=0 -->',
  '```sh',
  'echo illustrative',
  '```',
  '',
  '```sh run',
  '# make a job',
  'JOB=$(echo job_8sfPpGycMMKIVrYV)',
  'echo "$JOB"',
  '# → job_…',
  'echo unchecked',
  '```',
].join('\n');

describe('the runnable-block convention', () => {
  it('runs `sh run` blocks only, and groups commands with the output shown after them', () => {
    const parsed = parsePage(page);
    expect(parsed.serverEnv).toEqual({ WORKERS: '0' });
    expect(parsed.blocks).toHaveLength(1);
    const [first, second] = parsed.blocks[0]!.steps;
    expect(first!.line).toBe(7);
    expect(first!.commands.map((c) => c.text)).toEqual(['# make a job', 'JOB=$(echo job_8sfPpGycMMKIVrYV)', 'echo "$JOB"']);
    expect(first!.expected).toEqual(['job_…']);
    expect(second!.expected).toBeUndefined();
  });

  it('masks ids, times, periods and request ids, on both sides', () => {
    expect(mask('{"id":"job_yydGMqB31vbSxvMd","at":"2026-12-05T07:19:40.288Z","period":"2026-12","request_id":"46beb2be-89cc-48a9-954d-da7ecc58766b"}')).toBe(
      '{"id":"job_<id>","at":"<time>","period":"<month>","request_id":"<uuid>"}',
    );
    expect(mask('job_… key_… tg_G9yYqz tg_admin_change_me_please lead_123 job_already_active 1764919180288')).toBe(
      'job_<id> key_<id> tg_<id> tg_admin_change_me_please lead_123 job_already_active <epoch>',
    );
  });

  it('compares line by line, with … for any text and a lone … for any lines', () => {
    expect(outputMatches(['a job_…', 'b'], 'a job_Ldn6SurVhlRCVYh5\nb\n')).toBe(true);
    expect(outputMatches(['a', 'b'], 'a\nc\n')).toBe(false);
    expect(outputMatches(['a'], 'a\nb\n')).toBe(false);
    expect(outputMatches(['retry-after: …'], 'retry-after: 2307600\r\n')).toBe(true);
    expect(outputMatches(['0/10', '…', '1/10', '…'], '0/10\n0/10\n1/10\n2/10\n')).toBe(true);
    expect(outputMatches(['0/10', '…', '1/10', '…'], '0/10\n2/10\n')).toBe(false);
    expect(outputMatches(['ID  NAME'], 'ID     NAME\n')).toBe(true);
    expect(outputMatches([''], '')).toBe(true);
  });

  it('finds links outside code and the anchors GitHub makes', () => {
    const text = ['# Tollgate', '## What the API promises', '## Job type `lead_evaluation` (seed 000)', 'See [x](docs/a.md#b) and `[y](z)`.', '```', '[no](link)', '```'].join('\n');
    expect([...anchors(text)]).toEqual(['tollgate', 'what-the-api-promises', 'job-type-lead_evaluation-seed-000']);
    expect(links(text)).toEqual([{ line: 4, target: 'docs/a.md#b' }]);
  });
});
