import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

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

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics: request latency, projection lag, ledger append rate',
  })
  metrics(): Promise<string> {
    return register.metrics();
  }
}
