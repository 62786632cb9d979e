/** Every message the skills library writes, in one place so wording stays consistent. */
export const SkillsMessages = {
  unprovidedSkillClass: (className: string) =>
    `${className} has skill methods (@Tool, @Resource, @Prompt, ...) but no module of this app provides it, so none of them is served. Add ${className} to the providers of a module the app imports.`,
  duplicateSkill: (kind: string, name: string, first: string, second: string) =>
    `Duplicate ${kind} "${name}": declared by ${first} and by ${second}. Skill names must be unique; set a different \`name\` in one of the decorators.`,
  requestScopedSkill: (where: string) =>
    `${where} is a skill on a request-scoped or transient provider. Skills must live on singleton providers; move per-request state into the SkillContext.`,
  schemaWithoutJsonSchema: (where: string) =>
    `${where}: the Standard Schema given has no JSON Schema export (~standard.jsonSchema). Use zod 4, ArkType, or wrap it (e.g. @valibot/to-json-schema).`,
  schemaNotObject: (where: string) => `${where}: an input or output schema must describe a JSON object.`,
  notADto: (where: string) => `${where}: the DTO class has no class-validator decorators, so no property could be described or validated.`,
  invalidUriTemplate: (where: string, template: string) => `${where}: "${template}" is not a valid RFC 6570 URI template.`,
  invalidArguments: (name: string, problems: string[]) => `Invalid arguments for "${name}": ${problems.join('; ')}`,
  internalFailure: (kind: string, name: string, errorId: string) =>
    `The ${kind} "${name}" failed unexpectedly. The error was logged with id ${errorId}; quote it when reporting the problem.`,
  skillFailedLog: (kind: string, name: string, errorId: string, cause: string) => `${kind} "${name}" failed (error id ${errorId}): ${cause}`,
  timedOut: (kind: string, name: string, ms: number) => `The ${kind} "${name}" did not finish within ${ms} ms and was cancelled. Try a smaller request or try again later.`,
  cancelled: (kind: string, name: string) => `The ${kind} "${name}" was cancelled before it finished.`,
  shutDown: (kind: string, name: string) => `The server is shutting down; the ${kind} "${name}" was cancelled at the drain deadline. Retry on another replica.`,
  translatedFailureLog: (kind: string, name: string, cause: string) => `${kind} "${name}" hit an infrastructure failure: ${cause}`,
  unserialisableResult: (cause: string) => `its result cannot be serialised as JSON (${cause})`,
  malformedAnswer: (key: string, method: string) => `The client's answer to input request "${key}" is not a valid answer to ${method}.`,
  outputMismatchLog: (name: string, problems: string[]) => `tool "${name}" returned a result that does not match its output schema: ${problems.join('; ')}`,
};
