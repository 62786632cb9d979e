import { Injectable } from '@nestjs/common';
import { IsString } from 'class-validator';
import { fromJsonSchema } from '@modelcontextprotocol/server';
import { JSONSchema, SkillError, Tool, type SkillContext } from '@skillnest/skills';
import { RED_PIXEL_PNG, SILENT_WAV } from './fixture-media';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PromptArgDto {
  @IsString() prompt: string;
}

export class MessageArgDto {
  @IsString() message: string;
}

export class RegionQueryDto {
  @JSONSchema({ description: 'Region, mirrored into the Mcp-Param-Region header', 'x-mcp-header': 'Region' })
  @IsString()
  region: string;

  @IsString() query: string;
}

/** The JSON Schema 2020-12 document of the `json-schema-2020-12` scenario, served verbatim. */
const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: { address: { $anchor: 'addressDef', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

/** The conformance suite's tool fixtures, as ordinary Skillnest skills. */
@Injectable()
export class ConformanceToolSkills {
  @Tool({ name: 'test_simple_text', description: 'Returns simple text' })
  simpleText() {
    return 'This is a simple text response for testing.';
  }

  @Tool({ name: 'test_image_content', description: 'Returns an image' })
  image() {
    return { content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }] };
  }

  @Tool({ name: 'test_audio_content', description: 'Returns audio' })
  audio() {
    return { content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }] };
  }

  @Tool({ name: 'test_embedded_resource', description: 'Returns an embedded resource' })
  embedded() {
    return {
      content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
    };
  }

  @Tool({ name: 'test_multiple_content_types', description: 'Returns text, image and resource' })
  mixed() {
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
      ],
    };
  }

  @Tool({ name: 'test_tool_with_logging', description: 'Logs three messages while it runs' })
  async logging(_input: unknown, ctx: SkillContext) {
    await ctx.log('info', 'Tool execution started');
    await pause(50);
    await ctx.log('info', 'Tool processing data');
    await pause(50);
    await ctx.log('info', 'Tool execution completed');
    return 'Logging test completed';
  }

  @Tool({ name: 'test_error_handling', description: 'Always fails' })
  failing(): never {
    throw new SkillError('This tool intentionally returns an error for testing');
  }

  @Tool({ name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100' })
  async progress(_input: unknown, ctx: SkillContext) {
    await ctx.progress(0, 100);
    await pause(50);
    await ctx.progress(50, 100);
    await pause(50);
    await ctx.progress(100, 100);
    return 'Progress test completed';
  }

  @Tool({ name: 'test_sampling', description: 'Asks the client model', input: PromptArgDto })
  async sampling(input: PromptArgDto, ctx: SkillContext) {
    if (!ctx.client.capabilities.sampling) throw new SkillError('The client does not support sampling.');
    const result = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: input.prompt } }], maxTokens: 100 });
    const text = Array.isArray(result.content) ? '' : result.content.type === 'text' ? result.content.text : '';
    return `LLM response: ${text}`;
  }

  @Tool({ name: 'test_elicitation', description: 'Asks the user', input: MessageArgDto })
  async elicitation(input: MessageArgDto, ctx: SkillContext) {
    if (!ctx.client.capabilities.elicitation) throw new SkillError('The client does not support elicitation.');
    const result = await ctx.elicit({
      message: input.message,
      requestedSchema: {
        type: 'object',
        properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
        required: ['username', 'email'],
      },
    });
    return `User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
  }

  @Tool({ name: 'test_elicitation_sep1034_defaults', description: 'Elicitation with defaults' })
  async elicitationDefaults(_input: unknown, ctx: SkillContext) {
    const result = await ctx.elicit({
      message: 'Please review the defaults',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', default: 'John Doe' },
          age: { type: 'integer', default: 30 },
          score: { type: 'number', default: 95.5 },
          status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', default: true },
        },
      },
    });
    return `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
  }

  @Tool({ name: 'test_elicitation_sep1330_enums', description: 'Elicitation with every enum form' })
  async elicitationEnums(_input: unknown, ctx: SkillContext) {
    const result = await ctx.elicit({
      message: 'Pick options',
      requestedSchema: {
        type: 'object',
        properties: {
          untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          titledSingle: {
            type: 'string',
            oneOf: [
              { const: 'value1', title: 'First Option' },
              { const: 'value2', title: 'Second Option' },
              { const: 'value3', title: 'Third Option' },
            ],
          },
          legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
          untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
          titledMulti: {
            type: 'array',
            items: {
              anyOf: [
                { const: 'value1', title: 'First Choice' },
                { const: 'value2', title: 'Second Choice' },
                { const: 'value3', title: 'Third Choice' },
              ],
            },
          },
        },
      },
    });
    return `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
  }

  @Tool({ name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features', input: fromJsonSchema(JSON_SCHEMA_2020_12) })
  jsonSchema(input: Record<string, unknown>) {
    return `Received: ${JSON.stringify(input)}`;
  }

  @Tool({ name: 'test_custom_header', description: 'Echoes a region mirrored into an HTTP header', input: RegionQueryDto })
  customHeader(input: RegionQueryDto) {
    return `region=${input.region} query=${input.query}`;
  }

  @Tool({ name: 'test_missing_capability', description: 'Needs the client to support sampling' })
  async missingCapability(_input: unknown, ctx: SkillContext) {
    const result = await ctx.sample({ key: 'needs_sampling', messages: [{ role: 'user', content: { type: 'text', text: 'ping' } }], maxTokens: 10 });
    return `sampled: ${JSON.stringify(result.content)}`;
  }
}
