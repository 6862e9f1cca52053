// Hostile input generated from the OpenAPI document, routes 1 of 2 (two files: two cores; see test/fuzz/hostile-routes.ts)
import { defineHostileRoutes } from './fuzz/hostile-routes.ts';

defineHostileRoutes(0, 2);
