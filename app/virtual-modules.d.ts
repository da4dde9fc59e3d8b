/** The build's table of each route's namespaces (scripts/route-words.ts). */
declare module "virtual:route-words" {
  const table: Record<string, string[]>;
  export default table;
}
