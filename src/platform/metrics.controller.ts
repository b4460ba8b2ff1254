import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { DomainError } from '@opsledger/ddd';
import { ApiProblems } from '@opsledger/http';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';

let defaultsCollected = false;

export function requestDurationHistogram(): Histogram<string> {
  if (!defaultsCollected) {
    collectDefaultMetrics();
    defaultsCollected = true;
  }
  return (
    (register.getSingleMetric('http_request_duration_seconds') as Histogram<string>) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    })
  );
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Only a scraper holding `METRICS_TOKEN` (as a bearer token) reads the metrics; without the
 * setting nobody does (docs/decisions.md, issue 11). Compared in constant time.
 */
@Injectable()
export class MetricsScraperGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (this.expected && presented && timingSafeEqual(digest(presented), this.expected))
      return true;
    throw new DomainError(
      'METRICS.SCRAPER_REQUIRED',
      'unauthorized',
      'Metrics are served to the scraper holding METRICS_TOKEN, as a bearer token',
    );
  }
}

@ApiTags('health')
@Public()
@UseGuards(MetricsScraperGuard)
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  @ApiProduces('text/plain')
  @ApiBearerAuth('metrics')
  @ApiOperation({
    summary: 'Prometheus metrics: request latency, projection lag, ledger append rate',
    description: 'For the scraper: `Authorization: Bearer <METRICS_TOKEN>`.',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems(401)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
