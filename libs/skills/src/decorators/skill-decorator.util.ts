import { DiscoveryService } from '@nestjs/core';

/** Every class with a method marked by a skill decorator, as its module was loaded: what the explorer compares with the app's providers. */
export const SKILL_CLASSES = new Set<Function>();

/**
 * `DiscoveryService.createDecorator<T>()`, which also records the class of each method it marks,
 * so that a class with skills that no module provides is reported at startup rather than being
 * silently absent ("Unknown tool"). Nest only sees providers; the record is what lets it see the
 * others.
 */
export function skillDecorator<T>(): ReturnType<typeof DiscoveryService.createDecorator<T>> {
  const discoverable = DiscoveryService.createDecorator<T>();
  const decorator = ((options?: T) => {
    const apply = discoverable(options);
    return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
      if (key !== undefined && typeof target === 'object') SKILL_CLASSES.add(target.constructor);
      return (apply as (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void)(target, key, descriptor);
    };
  }) as ReturnType<typeof DiscoveryService.createDecorator<T>>;
  return Object.assign(decorator, { KEY: discoverable.KEY });
}
