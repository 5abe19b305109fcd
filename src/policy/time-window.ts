const weekdayIndex: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export interface LocalTime {
  /** 0 = Sunday. */
  day: number;
  /** Minutes since local midnight. */
  minute: number;
}

/**
 * Wall-clock time in one IANA timezone. Caches the last minute computed: Intl formatting costs
 * microseconds, and every evaluation within the same minute reads the same local time.
 */
export class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  private cachedMinute = Number.NaN;
  private cached: LocalTime = { day: 0, minute: 0 };

  constructor(readonly timezone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  at(epochMs: number): LocalTime {
    const minuteKey = Math.floor(epochMs / 60_000);
    if (minuteKey === this.cachedMinute) return this.cached;
    let day = 0;
    let hour = 0;
    let minute = 0;
    for (const part of this.format.formatToParts(epochMs)) {
      if (part.type === 'weekday') day = weekdayIndex[part.value] ?? 0;
      else if (part.type === 'hour') hour = Number(part.value) % 24;
      else if (part.type === 'minute') minute = Number(part.value);
    }
    this.cached = { day, minute: hour * 60 + minute };
    this.cachedMinute = minuteKey;
    return this.cached;
  }
}

/** "07:30" -> 450. */
export function parseClockTime(text: string): number {
  const [hours, minutes] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}
