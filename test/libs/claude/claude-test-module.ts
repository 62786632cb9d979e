import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ClaudeClient, ClaudeError, ClaudeModule, InjectClaude, type ClaudeModuleOptions } from '@skillnest/claude';
import { CaptureLogger } from '../../support/capture.logger';

export const KEY = 'sk-ant-test-0123456789-SECRET';

@Injectable()
class UsesClaude {
  constructor(@InjectClaude() readonly claude: ClaudeClient) {}
}

export async function compile(options: ClaudeModuleOptions, logs = new CaptureLogger()): Promise<{ moduleRef: TestingModule; claude: ClaudeClient; logs: CaptureLogger }> {
  const moduleRef = await Test.createTestingModule({ imports: [ClaudeModule.forRoot(options)], providers: [UsesClaude] })
    .setLogger(logs)
    .compile();
  await moduleRef.init();
  return { moduleRef, claude: moduleRef.get(UsesClaude).claude, logs };
}

export const ask = (claude: ClaudeClient, signal?: AbortSignal) =>
  claude.run(signal, (sdk, s) => sdk.messages.create({ model: claude.model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }, { signal: s }));

export async function failureOf(promise: Promise<unknown>): Promise<ClaudeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClaudeError);
  return error as ClaudeError;
}
