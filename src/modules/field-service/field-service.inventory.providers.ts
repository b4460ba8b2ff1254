import { Provider, Type } from '@nestjs/common';

/** Providers and controllers of the inventory part of the field-service context. */
export const inventoryProviders: Provider[] = [];
export const inventoryControllers: Type[] = [];
