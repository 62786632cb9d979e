/** The first value of an Observable a guard returned, as a boolean (no value, or an error: false). */
export function firstValue(observable: { subscribe(observer: { next(value: unknown): void; error(error: unknown): void; complete(): void }): unknown }): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    observable.subscribe({
      next: (value) => {
        if (settled) return;
        settled = true;
        resolve(Boolean(value));
      },
      error: () => !settled && resolve(false),
      complete: () => !settled && resolve(false),
    });
  });
}
