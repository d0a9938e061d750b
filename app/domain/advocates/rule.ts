import { nominationThreshold } from "~/auth/policies";

/** When a customer is put forward for the advocate programme (isomorphic: the help page prints it). */
export const NOMINATION = nominationThreshold;

export const NOMINATION_RULE = `Members with ${NOMINATION.reputation} reputation and ${NOMINATION.accepted} solutions are nominated for the programme automatically.`;
