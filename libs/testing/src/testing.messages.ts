/** Every message of `@skillnest/testing`. They name what the test asked for and how to declare it; never a token or a password. */
export const TestingMessages = {
  unknownCaller: (id: string, declared: string[]) =>
    `No caller "${id}" in this harness (${declared.length ? `declared: ${declared.join(', ')}` : 'none declared'}). Declare it with startSkillsHarness({ callers: { ${JSON.stringify(id)}: ['scope', ...] } }).`,
  emptyCallerId: () => 'A caller id of startSkillsHarness({ callers }) is empty; give each caller a name, e.g. { alice: ["tickets:write"] }.',
  wrongEra: (asked: string, got: string) => `The client asked for the ${asked} era but the gateway negotiated ${got}.`,
  elicitUnanswered: (message: string, missing: string[]) =>
    `The skill asked "${message}" for ${missing.join(', ')}, which the elicit answers of this client do not give. Add ${missing.length > 1 ? 'them' : 'it'} to the map, or pass a function.`,
  elicitUrlMode: (message: string) => `The skill asked "${message}" in URL mode; a map of answers only answers form requests. Pass elicit as a function to answer it.`,
  closed: () => 'This harness is closed; start another one.',
};
