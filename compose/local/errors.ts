/** A problem starting the local stack that the user can fix; shown as a message, never a stack trace. */
export class StackError extends Error {}
