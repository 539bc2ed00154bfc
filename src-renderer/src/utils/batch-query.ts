import type { RouteLocationNormalizedLoaded } from 'vue-router';

/**
 * The batch ids a link hands a form (`#/evaluate?batches=a,b`, `#/export?batches=a`): the Generate and Export pages
 * link to the next step with the batches the user was looking at. Unknown ids are the form's picker's to drop.
 */
export function batchIdsFromQuery(route: RouteLocationNormalizedLoaded): string[] {
  const q = route.query.batches;
  return typeof q === 'string' ? q.split(',').filter(Boolean) : [];
}
