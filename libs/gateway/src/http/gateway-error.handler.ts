import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayMessages } from '../gateway.messages';
import { BodyErrorCode } from './json-body.parser';
import { MAX_JSON_DEPTH } from './json-depth.util';
import { sendJsonRpcError } from './json-rpc-error.reply';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/**
 * The gateway scope's Fastify error handler: the one place where failures before the MCP layer
 * (body parsing, size, media type) become an HTTP status plus a JSON-RPC error. Fastify's own
 * error bodies would otherwise leak its internal codes, and Nest's handler would answer 500.
 */
export function gatewayErrorHandler(maxBodyBytes: number) {
  const logger = new Logger('McpGateway');
  return function handleGatewayError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
    switch (error.code) {
      case BodyErrorCode.invalidJson:
        return sendJsonRpcError(reply, 400, PARSE_ERROR, GatewayMessages.parseError());
      case BodyErrorCode.forbiddenKey:
        return sendJsonRpcError(reply, 400, INVALID_REQUEST, GatewayMessages.forbiddenKey());
      case BodyErrorCode.tooDeep:
        return sendJsonRpcError(reply, 400, INVALID_REQUEST, GatewayMessages.tooDeep(MAX_JSON_DEPTH));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendJsonRpcError(reply, 400, PARSE_ERROR, GatewayMessages.emptyBody());
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendJsonRpcError(reply, 415, INVALID_REQUEST, GatewayMessages.unsupportedMediaType());
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendJsonRpcError(reply, 413, INVALID_REQUEST, GatewayMessages.bodyTooLarge(maxBodyBytes));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendJsonRpcError(reply, error.statusCode, INVALID_REQUEST, GatewayMessages.badRequest());
    }
    logger.error(GatewayMessages.transportError(describeCause(error)));
    return sendJsonRpcError(reply, 500, INTERNAL_ERROR, GatewayMessages.internal());
  };
}
