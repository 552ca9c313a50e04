import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, type Prices } from '../../src/config.js';
import type { ChatCompletionInput } from '../../src/job-types/chat-completion/job-type.js';
import { LOCAL_CHAT_MODEL } from '../../src/job-types/chat-completion/local-chat.js';
import { countPromptTokens } from '../../src/job-types/chat-completion/tokens.js';
import { expectProblem, ledgerEntries, usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

const PRICES: Prices = { ...DEFAULT_PRICES, 'gpt-test': { meter: 'credits', input_per_1k: 150, output_per_1k: 600 } };
const input: ChatCompletionInput = {
  model: 'gpt-test',
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'Why is the sky blue?' },
  ],
  max_tokens: 64,
};

describe.each(DIALECTS)('chat_completion admission (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const post = (key: string, body: unknown) => h.request('POST', '/v1/jobs', { key, body: { type: 'chat_completion', input: body } });

  it('charges the hold at admission: the 201 shows it as the job cost, and the ledger has it', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    const local = { ...input, model: LOCAL_CHAT_MODEL, max_tokens: 200 };
    const hold = Math.ceil((countPromptTokens(local.messages) * 10 + 200 * 30) / 1000);

    const response = await post(t.key, local);

    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.job).toMatchObject({ type: 'chat_completion', cost: hold, meter: 'credits', items_total: 1, input: local });
    expect(body.meter).toMatchObject({ used: hold, remaining: 100 - hold });
    expect(await usedOf(h, t.id)).toBe(hold);
    expect((await ledgerEntries(h, t.id)).map((e) => Number(e.amount))).toEqual([hold]);
    expect((await h.verify()).ok).toBe(true);
  });

  it('refuses a hold that does not fit, charging nothing', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 5 } });
    const refused = await expectProblem(await post(t.key, { ...input, model: LOCAL_CHAT_MODEL, max_tokens: 1000 }), 402, 'insufficient_credits');
    expect(refused).toMatchObject({ required: Math.ceil((countPromptTokens(input.messages) * 10 + 1000 * 30) / 1000), remaining: 5 });
    expect(await usedOf(h, t.id)).toBe(0);
  });

  it('refuses an unknown model as validation_failed naming input.model and listing the priced models', async () => {
    h = await createHarness(dialect, { env: { TOLLGATE_PRICES: JSON.stringify({ 'gpt-test': PRICES['gpt-test'], 'other-model': PRICES['gpt-test'] }) } });
    const t = await h.tenant();
    const problem = await expectProblem(await post(t.key, { ...input, model: LOCAL_CHAT_MODEL }), 400, 'validation_failed');
    expect(problem.errors).toEqual([{ path: 'input.model', message: '"local-chat" has no price: must be one of gpt-test, other-model' }]);
    expect(await usedOf(h, t.id)).toBe(0);
  });

  it('prices by TOLLGATE_PRICES and admits a provider model with AI_PROVIDER=openai', async () => {
    h = await createHarness(dialect, { env: { TOLLGATE_PRICES: JSON.stringify(PRICES), AI_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    const t = await h.tenant({ limits: { credits: 1000 } });
    const response = await post(t.key, input);
    expect(response.status).toBe(201);
    expect((await response.json()).job.cost).toBe(Math.ceil((countPromptTokens(input.messages) * 150 + 64 * 600) / 1000));
  });
});
