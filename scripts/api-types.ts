/** Writes the API client's types from the OpenAPI document (tests/api/generate-types.ts). */
import { writeFileSync } from "node:fs";
import { openApiDocument } from "~/utils/openapi.server";
import { API_TYPES_FILE, apiTypesFrom } from "../tests/api/generate-types";

writeFileSync(API_TYPES_FILE, await apiTypesFrom(openApiDocument()));
console.log(`wrote ${API_TYPES_FILE}`);
