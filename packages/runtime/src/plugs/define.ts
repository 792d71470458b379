// Defining a plug is part of the contract (@care/plug-api); kept here for the runtime's own tests.
export { definePlug, plugTypes } from "@care/plug-api";
