/** The privilege table as the help page prints it: the policies hold it, the reputation capability explains it. */
export { privileges, type Privilege } from "~/auth/policies/actor";
