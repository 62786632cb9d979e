export interface AgentSkillsOptions {
  /** A folder with one sub-folder per skill, each holding a `SKILL.md` and its files. */
  root: string;
  /** Organisational prefix: `'acme'` serves `skill://acme/<skill>/...`. */
  prefix?: string;
  /** Refuse to start on any problem (bad frontmatter, over the 512-file / 16 MiB limits). Default true. */
  strict?: boolean;
}
