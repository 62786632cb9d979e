import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsString, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { SERVICE_TIERS, type ServiceTier } from '../service-record.interface';

export class ServiceSummaryDto {
  @IsString() name: string;
  @IsString() owner: string;
  @IsIn(SERVICE_TIERS) tier: ServiceTier;
  @JSONSchema({ description: 'Availability objective, in percent' })
  @IsNumber()
  sloAvailability: number;
  @IsString() oncallChannel: string;
}

export class ServiceListDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceSummaryDto)
  services: ServiceSummaryDto[];

  @JSONSchema({ description: 'How many services matched before the limit was applied' })
  @IsInt()
  @Min(0)
  total: number;
}
