/** Attendees hear of a town hall this long before it starts. */
export const REMINDER_MINUTES = 15;

export const reminderTime = (startsAt: Date) => new Date(startsAt.getTime() - REMINDER_MINUTES * 60_000);
