// Span attributes with a meaning to Sentry, under @sentry/node's export names.

/** How the transaction name came about: 'custom', 'url', 'route', 'component', 'task'. */
export const SEMANTIC_ATTRIBUTE_SENTRY_SOURCE = 'sentry.source';
/** The span's operation, e.g. 'http.server', 'db', 'function'. */
export const SEMANTIC_ATTRIBUTE_SENTRY_OP = 'sentry.op';
/** What created the span: 'manual', or 'auto.<category>.<integration>'. */
export const SEMANTIC_ATTRIBUTE_SENTRY_ORIGIN = 'sentry.origin';
/** The sample rate the span's trace was sampled with. */
export const SEMANTIC_ATTRIBUTE_SENTRY_SAMPLE_RATE = 'sentry.sample_rate';
export const SEMANTIC_ATTRIBUTE_SENTRY_MEASUREMENT_UNIT = 'sentry.measurement_unit';
export const SEMANTIC_ATTRIBUTE_SENTRY_MEASUREMENT_VALUE = 'sentry.measurement_value';
export const SEMANTIC_ATTRIBUTE_SENTRY_CUSTOM_SPAN_NAME = 'sentry.custom_span_name';
export const SEMANTIC_ATTRIBUTE_EXCLUSIVE_TIME = 'sentry.exclusive_time';
export const SEMANTIC_ATTRIBUTE_CACHE_HIT = 'cache.hit';
export const SEMANTIC_ATTRIBUTE_CACHE_KEY = 'cache.key';
export const SEMANTIC_ATTRIBUTE_CACHE_ITEM_SIZE = 'cache.item_size';
export const SEMANTIC_ATTRIBUTE_HTTP_REQUEST_METHOD = 'http.request.method';
export const SEMANTIC_ATTRIBUTE_URL_FULL = 'url.full';

/** `setMeasurement(name, value, unit)` is kept on the span as these two attributes. */
export const MEASUREMENT_PREFIX = 'sentry.measurement.';
export const MEASUREMENT_UNIT_PREFIX = 'sentry.measurement_unit.';
