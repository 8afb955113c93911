/** XMP exif:GPSLatitude/GPSLongitude are "DDD,MM.mmk" or "DDD,MM,SSk" with k one of N S E W. */
export function xmpCoordinate(value: string | null): number | null {
  if (!value) return null;
  const m = /^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec(value);
  if (!m) return null;
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4]!) ? -deg : deg;
}
