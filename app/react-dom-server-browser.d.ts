// React 18 ships react-dom/server.browser (the web-streams renderer) without its own type declarations; its API is the one typed for react-dom/server.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
