/** A small NMEA source for the GNSS port after AT+QGPS=1: a fixed position with jitter, once a second. */
import type { Rng } from './prng';

function checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

const sentence = (body: string): string => `$${body}*${checksum(body)}\r\n`;

function dm(deg: number, width: number): string {
  const d = Math.floor(deg);
  const m = (deg - d) * 60;
  return String(d).padStart(width, '0') + m.toFixed(4).padStart(7, '0');
}

/** One epoch: GGA + RMC. `index` spreads the modems around a lab in Berlin. */
export function nmeaEpoch(rng: Rng, index: number, now: number): string {
  const lat = 52.52 + index * 0.0001 + rng.real(-0.00002, 0.00002);
  const lon = 13.405 + rng.real(-0.00002, 0.00002);
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.00`;
  const date = `${p(d.getUTCDate())}${p(d.getUTCMonth() + 1)}${p(d.getUTCFullYear() % 100)}`;
  const sats = rng.int(5, 11);
  return (
    sentence(`GPGGA,${time},${dm(lat, 2)},N,${dm(lon, 3)},E,1,${p(sats)},0.9,${rng.int(30, 40)}.0,M,39.0,M,,`) +
    sentence(`GPRMC,${time},A,${dm(lat, 2)},N,${dm(lon, 3)},E,0.0,0.0,${date},,,A`)
  );
}
