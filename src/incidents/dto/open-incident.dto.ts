import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { SEVERITIES, type Severity } from '../incident.interface';

export const REGIONS = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south'] as const;

export class ImpactDto {
  @JSONSchema({ description: 'Estimated number of affected customers' })
  @IsInt()
  @Min(0)
  customersAffected: number;

  @JSONSchema({ description: 'Regions where the impact is seen' })
  @IsArray()
  @ArrayMaxSize(REGIONS.length)
  @IsIn(REGIONS, { each: true })
  regions: string[];
}

export class OpenIncidentDto {
  @JSONSchema({ description: 'The affected service, as named in the service catalog' })
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'service must be a catalog service name such as "checkout-api"' })
  service: string;

  @JSONSchema({ description: 'sev1 = customer-facing outage, sev4 = minor degradation' })
  @IsIn(SEVERITIES)
  severity: Severity;

  @JSONSchema({ description: 'One line saying what is broken, for the incident channel' })
  @IsString()
  @Length(5, 120)
  title: string;

  @JSONSchema({ description: 'What is known so far' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  summary?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ImpactDto)
  impact?: ImpactDto;
}
