/**
 * The mark of the core's own services, which alone may emit core signals. Deliberately not exported
 * from the package: a plug (or a runtime bug) holding the unit of work still cannot pass it.
 */
export const coreOrigin: unique symbol = Symbol("care core");
export type CoreOrigin = typeof coreOrigin;
