import { Provider, Type } from '@nestjs/common';

/** Providers and controllers of the work-orders part of the field-service context. */
export const workOrdersProviders: Provider[] = [];
export const workOrdersControllers: Type[] = [];
