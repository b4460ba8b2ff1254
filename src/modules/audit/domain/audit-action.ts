/**
 * The verb of a versioned event type: `identity.user.registered.v1` → `registered`,
 * `identity.user.profile-changed.v1` → `profile-changed`. A type without a version suffix
 * gives its last segment.
 */
export function actionOf(eventType: string): string {
  const segments = eventType.split('.').filter((s) => s.length > 0);
  if (segments.length > 1 && /^v\d+$/.test(segments[segments.length - 1])) segments.pop();
  return segments[segments.length - 1] ?? eventType;
}
