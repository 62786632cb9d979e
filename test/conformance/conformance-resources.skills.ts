import { Injectable } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Completion, Prompt, Resource, ResourceTemplate, type CompletionRequest } from '@skillnest/skills';
import { RED_PIXEL_PNG } from './fixture-media';

export class TwoArgsDto {
  @IsString() arg1: string;
  @IsString() arg2: string;
}

export class ResourceUriDto {
  @IsString() resourceUri: string;
}

/** The conformance suite's resource and prompt fixtures. */
@Injectable()
export class ConformanceResourceSkills {
  @Resource({ uri: 'test://static-text', name: 'static_text', description: 'A static text resource', mimeType: 'text/plain' })
  staticText() {
    return 'This is the content of the static text resource.';
  }

  @Resource({ uri: 'test://static-binary', name: 'static_binary', description: 'A static binary resource', mimeType: 'image/png' })
  staticBinary() {
    return Buffer.from(RED_PIXEL_PNG, 'base64');
  }

  @Resource({ uri: 'test://watched-resource', name: 'watched_resource', description: 'A resource clients subscribe to', mimeType: 'text/plain' })
  watched() {
    return 'Watched resource content.';
  }

  @ResourceTemplate({ uriTemplate: 'test://template/{id}/data', name: 'template_data', description: 'Data by id', mimeType: 'application/json' })
  templateData({ id }: { id: string }) {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }

  @Prompt({ name: 'test_simple_prompt', description: 'A simple prompt' })
  simplePrompt() {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({ name: 'test_prompt_with_arguments', description: 'A prompt with two arguments', args: TwoArgsDto })
  argsPrompt(args: TwoArgsDto) {
    return `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`;
  }

  @Completion({ prompt: 'test_prompt_with_arguments', argument: 'arg1' })
  completeArg1({ value }: CompletionRequest) {
    return ['paris', 'park', 'party', 'test', 'testing', 'tested'].filter((word) => word.startsWith(value.toLowerCase()));
  }

  @Prompt({ name: 'test_prompt_with_embedded_resource', description: 'A prompt embedding a resource', args: ResourceUriDto })
  embeddedPrompt(args: ResourceUriDto) {
    return [
      { role: 'user', content: { type: 'resource', resource: { uri: args.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ];
  }

  @Prompt({ name: 'test_prompt_with_image', description: 'A prompt with an image' })
  imagePrompt() {
    return [
      { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ];
  }
}
