import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';

/** A fast-path answer: a JSON body, and the status and headers when not a plain 200. */
export interface FastAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The 2025-era versions the SDK serves; anything else is the SDK's to answer. */
export const LEGACY_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_PROTOCOL_VERSIONS);

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Streamable HTTP requires a POST to accept both; a request that does not is the SDK's to refuse. */
export const acceptsJsonAndSse = (accept: unknown): boolean => typeof accept === 'string' && accept.includes('application/json') && accept.includes('text/event-stream');
