import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ErasureParticipant } from '@opsledger/personal-data';

/**
 * Every ErasureParticipant provider of every module, found once at start: a context adds its
 * participant by listing it among its providers, nothing else.
 */
@Injectable()
export class ErasureParticipants implements OnApplicationBootstrap {
  private participants: ErasureParticipant[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const found = new Set<ErasureParticipant>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof ErasureParticipant) found.add(instance);
    }
    const all = [...found].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    const names = all.map((p) => p.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`two erasure participants are named "${twice}"`);
    this.participants = all;
  }

  /** In the order they run. */
  all(): readonly ErasureParticipant[] {
    return this.participants;
  }

  byName(name: string): ErasureParticipant | undefined {
    return this.participants.find((p) => p.name === name);
  }
}
