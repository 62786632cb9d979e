import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { answerElicitation } from './elicit-answers.util';
import { SkillnestTestingError } from './skillnest-testing.error';
import type { SkillsClientOptions } from './skills-client.options';
import { TestingMessages } from './testing.messages';

const DEFAULT_CLIENT_INFO = { name: 'skillnest-testing', version: '0.0.0' };

/**
 * Connects the official MCP client (`@modelcontextprotocol/client`) to `url` over real HTTP, in the
 * era asked for, with the bearer token given, answering elicitations from `options.elicit` through
 * the client's own `elicitation/create` handler: the SDK calls it for the `input_required` rounds
 * of the 2026-07-28 era and for the server's requests in a 2025 session alike.
 */
export async function connectSkillsClient(url: URL, options: SkillsClientOptions, token?: string): Promise<Client> {
  const era = options.era ?? 'modern';
  const { capabilities, ...rest } = options.client ?? {};
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, {
    ...rest,
    ...(era === 'modern' ? { versionNegotiation: { mode: 'auto' as const } } : {}),
    capabilities: { ...capabilities, ...(options.elicit ? { elicitation: { form: {}, ...capabilities?.elicitation } } : {}) },
  });
  const answers = options.elicit;
  if (answers) client.setRequestHandler('elicitation/create', (request) => answerElicitation(answers, request.params));
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit }));
  const negotiated = client.getProtocolEra();
  if (negotiated !== era) {
    await client.close();
    throw new SkillnestTestingError(TestingMessages.wrongEra(era, String(negotiated)));
  }
  return client;
}
