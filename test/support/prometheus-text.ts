/** One sample line of the Prometheus text format: `name{label="value",...} value`. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A scrape read back: the samples, and each metric family's `# TYPE`. */
export interface PromScrape {
  readonly samples: readonly PromSample[];
  readonly types: ReadonlyMap<string, string>;
  /** The value of the one sample with exactly these labels; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of a name whose labels include these. */
  matching(name: string, labels?: Record<string, string>): PromSample[];
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/g;

function number(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4, what prom-client writes): label
 * values unescaped (`\\`, `\"`, `\n`), `+Inf`/`-Inf`/`NaN` values. A line that fits no rule fails
 * the parse, so a malformed exposition fails the spec rather than being skipped.
 */
export function parsePrometheusText(text: string): PromScrape {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      types.set(name, type);
      continue;
    }
    const match = LINE.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]] = label[2].replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: number(match[3]) });
  }
  const same = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  const includes = (a: Record<string, string>, b: Record<string, string>) => Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    samples,
    types,
    value: (name, labels = {}) => samples.find((sample) => sample.name === name && same(sample.labels, labels))?.value,
    matching: (name, labels = {}) => samples.filter((sample) => sample.name === name && includes(sample.labels, labels)),
  };
}

/** Fetches a metrics endpoint over real HTTP and parses it (throws unless 200 with the Prometheus content type). */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<PromScrape> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) throw new Error(`Unexpected content type ${response.headers.get('content-type')}`);
  return parsePrometheusText(body);
}
