import { Provider, Type } from '@nestjs/common';

/** Providers and controllers of the billing part of the field-service context. */
export const billingProviders: Provider[] = [];
export const billingControllers: Type[] = [];
