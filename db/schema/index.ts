export * from "./users";
export * from "./places";
export * from "./farms";
export * from "./listings";
export * from "./photos";
export * from "./search";
export * from "./orders";
export * from "./payments";
