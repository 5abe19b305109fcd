/** The media type of a Content-Type header, lower case, without parameters ("" when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}
