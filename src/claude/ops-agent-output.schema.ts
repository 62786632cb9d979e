import { z } from 'zod';

/** Output of `ops_agent`: Claude's answer and every tool call it made on the way. */
export const OpsAgentOutput = z.object({
  answer: z.string().describe("Claude's final answer"),
  steps: z
    .array(
      z.object({
        tool: z.string(),
        input: z.record(z.string(), z.unknown()),
        isError: z.boolean(),
        result: z.string().describe('The start of what the tool answered'),
      }),
    )
    .describe('Tool calls in the order Claude made them'),
  iterations: z.number().int().describe('Claude turns used'),
  model: z.string(),
});
export type OpsAgentOutput = z.infer<typeof OpsAgentOutput>;
