import { Injectable } from '@nestjs/common';
import { HttpPool, InjectHttpPool, UpstreamError } from '@skillnest/pools';
import type { DeploymentDto } from './dto/recent-deploys.dto';
import { DEPLOY_STATUSES } from './dto/recent-deploys.dto';

export const DEPLOY_TRACKER_POOL = 'deploy-tracker';

/** What the deploy tracker's `GET /api/v1/deployments` answers. */
interface DeploymentsResponse {
  deployments?: Array<Record<string, unknown>>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The deploy tracker's API, over its HTTP pool. Maps its answer field by field: no upstream data is passed through unchecked. */
@Injectable()
export class DeployTrackerClient {
  constructor(@InjectHttpPool(DEPLOY_TRACKER_POOL) private readonly http: HttpPool) {}

  async recent(service: string, limit: number, signal?: AbortSignal): Promise<DeploymentDto[]> {
    const { body } = await this.http.requestJson<DeploymentsResponse>({ path: '/api/v1/deployments', query: { service, limit }, signal });
    if (!body || !Array.isArray(body.deployments)) {
      throw new UpstreamError(`Upstream "${DEPLOY_TRACKER_POOL}" answered without a deployments list.`, 'bad_body');
    }
    return body.deployments.slice(0, limit).map((raw) => {
      const status = DEPLOY_STATUSES.find((known) => known === raw.status) ?? 'in_progress';
      return {
        id: String(raw.id ?? ''),
        version: text(raw.version) ?? 'unknown',
        status,
        author: text(raw.author) ?? 'unknown',
        startedAt: new Date(text(raw.startedAt) ?? 0).toISOString(),
        ...(text(raw.finishedAt) ? { finishedAt: new Date(text(raw.finishedAt)!).toISOString() } : {}),
      };
    });
  }
}
