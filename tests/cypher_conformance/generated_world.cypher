// Analyst queries over bench/world.py's generated world (size S, seed 2026):
// aggregation-heavy questions whose answers are too large to write down, so
// the two engines are only compared with each other. Same format as
// fixture_world.cypher.

// name: top_coordinators
MATCH (o:Organisation)-[:COORDINATES]->(p:Project)
RETURN o.name AS organisation, count(p) AS projects
ORDER BY projects DESC, organisation
LIMIT 20

// name: projects_per_programme_with_budget
MATCH (p:Project)-[:PART_OF]->(g:Programme)
RETURN g.name AS programme, count(p) AS projects, sum(p.budget_eur) AS budget_eur, min(p.start) AS first_start
ORDER BY programme

// name: funders_by_total_budget
MATCH (f:Fund)-[:FUNDS]->(p:Project)
RETURN f.name AS fund, count(p) AS projects, sum(p.budget_eur) AS budget_eur, avg(p.budget_eur) AS mean_budget
ORDER BY fund

// name: participants_per_project_distribution
MATCH (p:Project)
WITH p, size([(p)<-[:PARTICIPATES_IN]-(x) | x]) AS participants
RETURN participants, count(p) AS projects
ORDER BY participants

// name: organisations_without_projects
MATCH (o:Organisation)
WHERE NOT (o)-[:COORDINATES|PARTICIPATES_IN]->(:Project)
RETURN o.id AS id

// name: co_participation_pairs_above_three
MATCH (a:Organisation)-[:COORDINATES|PARTICIPATES_IN]->(p:Project)<-[:COORDINATES|PARTICIPATES_IN]-(b:Organisation)
WHERE a.id < b.id
WITH a, b, count(DISTINCT p) AS shared
WHERE shared >= 3
RETURN a.name AS a, b.name AS b, shared
ORDER BY shared DESC, a, b

// name: regions_by_municipality_project_count
MATCH (r:Region)<-[:PART_OF]-(m:Municipality)
OPTIONAL MATCH (m)-[:PARTICIPATES_IN]->(p:Project)
RETURN r.name AS region, count(DISTINCT m) AS municipalities, count(p) AS participations
ORDER BY region

// name: projects_per_year
MATCH (p:Project)
UNWIND p.years AS year
RETURN year, count(*) AS projects, sum(p.budget_eur) AS budget_eur
ORDER BY year

// name: people_and_their_employers_projects
MATCH (person:Person)-[:CONTACT_FOR]->(p:Project)
OPTIONAL MATCH (person)-[:WORKS_FOR]->(o:Organisation)
OPTIONAL MATCH (o)-[:COORDINATES]->(p)
RETURN person.id AS person, p.id AS project, o IS NOT NULL AS employed, count(*) AS rows

// name: two_hop_reach_of_the_biggest_hub
MATCH (o:Organisation)-[:COORDINATES|PARTICIPATES_IN]->(:Project)
WITH o, count(*) AS degree
ORDER BY degree DESC, o.id
LIMIT 1
MATCH (o)-[*1..2]-(b:Entity)
RETURN o.id AS hub, count(DISTINCT b) AS reach

// name: network_members_collaborating
MATCH (a:Organisation)-[:COLLABORATES_WITH]-(b:Organisation)
MATCH (a)-[:PARTICIPATES_IN]->(n:Network)<-[:PARTICIPATES_IN]-(b)
RETURN n.name AS network, a.name AS a, b.name AS b

// name: string_search_over_all_names
MATCH (n:Entity)
WHERE toLower(n.name) CONTAINS 'kasvu' OR n.name STARTS WITH 'Kunta Kain'
RETURN n.kind AS kind, count(*) AS found
ORDER BY kind

// name: whole_nodes_of_a_programme_with_evidence
MATCH (g:Programme)
WITH g ORDER BY g.id LIMIT 1
MATCH (p:Project)-[r:PART_OF]->(g)
RETURN g, r, p

// name: paths_from_a_person_to_programmes
MATCH (person:Person)
WITH person ORDER BY person.id LIMIT 5
MATCH path = (person)-[:CONTACT_FOR]->(:Project)-[:PART_OF]->(:Programme)
RETURN path
