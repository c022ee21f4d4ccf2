// title: Who coordinates which projects
// description: Organisations that coordinate projects, most projects first: how many, and the first ten by name. For one programme's projects and their coordinators, see programme-projects.
// params: limit=50
MATCH (o:Organisation)-[:COORDINATES]->(p:Project)
WITH o, count(p) AS projects
ORDER BY projects DESC, o.name
LIMIT $limit
MATCH (o)-[:COORDINATES]->(p:Project)
WITH o, projects, p
ORDER BY p.name
RETURN o.name AS coordinator, projects, collect(p.name)[0..10] AS project_names
ORDER BY projects DESC, coordinator
