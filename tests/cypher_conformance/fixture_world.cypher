// Analyst queries over the hand-made world of tests/cypher_world.py. Each case
// starts with "// name:"; "// params:" is JSON; "// expect:" (JSON rows) pins
// the answer itself, beyond both engines agreeing. Rows compare in order when
// the final RETURN has an ORDER BY, as a multiset otherwise.

// name: lookup_by_name
// params: {"name": "Kouvola"}
// expect: [["municipality:kouvola", "Municipality"]]
MATCH (n:Municipality {name: $name})
RETURN n.id AS id, n.kind AS kind

// name: lookup_by_alias
// params: {"alias": "Kouvolan kaupunki"}
// expect: [["Kouvola"]]
MATCH (n:Entity)
WHERE $alias IN n.aliases
RETURN n.name AS name

// name: lookup_by_abbreviation_alias_of_an_organisation
// params: {"alias": "KKO"}
// expect: [["organisation:kymijoen-kehitys-oy"]]
MATCH (o:Organisation)
WHERE o.name = $alias OR $alias IN o.aliases
RETURN o.id AS id

// name: lookup_of_a_name_with_an_apostrophe_and_ampersand
// params: {"name": "O'Connor & Kumppanit Oy"}
// expect: [["organisation:o-connor-kumppanit-oy", ["Kymin osaajat"]]]
MATCH (o:Organisation {name: $name})-[:PARTICIPATES_IN]->(p:Project)
RETURN o.id AS id, collect(p.name) AS projects

// name: lookup_of_names_with_swedish_and_finnish_letters
// params: {"names": ["Åländsk Utveckling Ab", "Anna-Liisa Äijälä", "Pekka Öhman"]}
// expect: [["organisation:alandsk-utveckling-ab"], ["person:anna-liisa-aijala"], ["person:pekka-ohman"]]
MATCH (n:Entity)
WHERE n.name IN $names
RETURN n.id AS id
ORDER BY id

// name: a_whole_node_with_its_evidence_from_two_documents
// params: {"id": "municipality:kouvola"}
MATCH (n:Entity {id: $id})
RETURN n

// name: a_relationship_names_its_end_nodes_by_id
MATCH (:Organisation {name: 'Åländsk Utveckling Ab'})-[r:COORDINATES]->(:Project)
RETURN r

// name: a_path_is_a_list_of_nodes_and_relationships
MATCH path = (:Person)-[:CONTACT_FOR]->(:Project {name: 'Vaaraverkko'})
RETURN path

// name: evidence_lists_line_up
// params: {"id": "organisation:kymijoen-kehitys-oy"}
// expect: [[3, 3, ["Kymijoen Kehitys Oy", "Kymijoen Kehitys Oy", "Kymijoen Kehitys Oy"], ["fixture-rules", "fixture-rules", "fixture-rules"]]]
MATCH (n:Entity {id: $id})
RETURN n.evidence_count AS count, size(n.evidence_documents) AS documents, n.evidence_quotes AS quotes,
       n.evidence_extractors AS extractors

// name: relationship_evidence_quotes_the_sentence
// expect: [["Pekka Öhman työskentelee Åländsk Utveckling Ab:ssä.", 0.8]]
MATCH (:Person {name: 'Pekka Öhman'})-[r:WORKS_FOR]->(:Organisation)
RETURN r.evidence_quotes[0] AS quote, r.evidence_confidences[0] AS confidence

// name: coordinator_and_funder_of_each_project
// expect: [["Kymin osaajat", "Kymijoen Kehitys Oy", "Maakunnan kehittämisraha"], ["Saariston silta", "Åländsk Utveckling Ab", "Euroopan aluekehitysrahasto"], ["Vaaraverkko", "Vaarajoen Osaamiskeskus ry", "Euroopan aluekehitysrahasto"]]
MATCH (c:Organisation)-[:COORDINATES]->(p:Project)<-[:FUNDS]-(f:Fund)
RETURN p.name AS project, c.name AS coordinator, f.name AS funder

// name: municipality_project_programme_chain
// expect: [["Kotka", "Kymenlaakson KOKO"], ["Kouvola", "Kymenlaakson KOKO"], ["Lieksa", "Vaarojen elinvoimaohjelma"]]
MATCH (m:Municipality)-[:PARTICIPATES_IN]->(:Project)-[:PART_OF]->(g:Programme)
RETURN m.name AS municipality, g.name AS programme
ORDER BY municipality

// name: node_count_per_kind
// expect: [["Fund", 2], ["Municipality", 5], ["Network", 1], ["Organisation", 7], ["Person", 3], ["Programme", 2], ["Project", 4], ["Region", 3]]
MATCH (n:Entity)
RETURN n.kind AS kind, count(*) AS nodes
ORDER BY kind

// name: relationship_count_per_type
// expect: [["COLLABORATES_WITH", 2], ["CONTACT_FOR", 2], ["COORDINATES", 3], ["FUNDS", 3], ["PARTICIPATES_IN", 11], ["PART_OF", 7], ["WORKS_FOR", 3]]
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS relationships
ORDER BY type

// name: distinct_count_of_funded_projects
// expect: [[2, 3]]
MATCH (f:Fund)-[:FUNDS]->(p:Project)
RETURN count(DISTINCT f) AS funders, count(DISTINCT p) AS projects

// name: collect_after_ordering
// expect: [["Kymin osaajat", ["Kotka", "Kouvola", "Kouvolan Innovaatiot Oy", "O'Connor & Kumppanit Oy"]], ["Saariston silta", ["Kymijoen Kehitys Oy", "Maarianhamina"]], ["Vaaraverkko", ["Lieksa", "Pohjois-Karjalan Ammattiopisto Ässä"]]]
MATCH (x:Entity)-[:PARTICIPATES_IN]->(p:Project)
WHERE p.name <> 'Hiljainen hanke'
WITH p, x
ORDER BY x.name
RETURN p.name AS project, collect(x.name) AS participants
ORDER BY project

// name: with_pipeline_filters_on_an_aggregate
// expect: [["Kymijoen Kehitys Oy", 2]]
MATCH (o:Organisation)-[:COORDINATES|PARTICIPATES_IN]->(p:Project)
WITH o, count(p) AS projects
WHERE projects >= 2
RETURN o.name AS organisation, projects

// name: optional_match_keeps_a_project_without_coordinator
// expect: [["Hiljainen hanke", null], ["Kymin osaajat", "Kymijoen Kehitys Oy"], ["Saariston silta", "Åländsk Utveckling Ab"], ["Vaaraverkko", "Vaarajoen Osaamiskeskus ry"]]
MATCH (p:Project)
OPTIONAL MATCH (c:Organisation)-[:COORDINATES]->(p)
RETURN p.name AS project, c.name AS coordinator
ORDER BY project

// name: optional_match_collects_an_empty_list
// expect: [["Hiljainen hanke", [], 0]]
MATCH (p:Project {name: 'Hiljainen hanke'})
OPTIONAL MATCH (f)-[:FUNDS]->(p)
RETURN p.name AS project, collect(f.name) AS funders, count(f) AS funder_count

// name: optional_match_on_an_isolated_organisation
// expect: [["Tyhjä Säätiö", null, 0]]
MATCH (o:Organisation {name: 'Tyhjä Säätiö'})
OPTIONAL MATCH (o)-[r]-(other)
RETURN o.name AS organisation, other.name AS other, count(r) AS relations

// name: optional_match_after_a_filter_that_matches_nothing
// expect: [["Kotka", null]]
MATCH (m:Municipality {name: 'Kotka'})
OPTIONAL MATCH (m)-[:PARTICIPATES_IN]->(p:Project)
WHERE p.budget_eur > 1000000
RETURN m.name AS municipality, p.name AS project

// name: unwind_years_counts_projects_per_year
// expect: [[2020, 1], [2021, 2], [2022, 2], [2023, 2], [2024, 1]]
MATCH (p:Project)
UNWIND p.years AS year
RETURN year, count(p) AS projects
ORDER BY year

// name: unwind_a_parameter_list
// params: {"names": ["Kouvola", "Lieksa", "Ei ole"]}
// expect: [["Ei ole", null], ["Kouvola", "municipality:kouvola"], ["Lieksa", "municipality:lieksa"]]
UNWIND $names AS name
OPTIONAL MATCH (m:Municipality {name: name})
RETURN name, m.id AS id
ORDER BY name

// name: variable_length_path_within_two_steps
// expect: [["Euroopan aluekehitysrahasto"], ["Pohjois-Karjala"], ["Pohjois-Karjalan Ammattiopisto Ässä"], ["Anna-Liisa Äijälä"], ["Vaaraverkko"], ["Vaarajoen Osaamiskeskus ry"], ["Vaarojen elinvoimaohjelma"], ["Joensuu"]]
MATCH (a:Municipality {name: 'Lieksa'})-[*1..2]-(b:Entity)
WHERE b <> a
RETURN DISTINCT b.name AS name

// name: directed_variable_length_path_to_a_programme
// expect: [["Anna-Liisa Äijälä", "Vaarojen elinvoimaohjelma", 2], ["Anna-Liisa Äijälä", "Vaarojen elinvoimaohjelma", 3], ["Matti Virtanen", "Kymenlaakson KOKO", 2], ["Matti Virtanen", "Kymenlaakson KOKO", 3]]
MATCH path = (person:Person)-[*1..3]->(g:Programme)
RETURN person.name AS person, g.name AS programme, length(path) AS hops
ORDER BY person, hops

// name: shortest_path_expression_directed
// expect: [[2, ["Matti Virtanen", "Kymin osaajat", "Kymenlaakson KOKO"]]]
MATCH (a:Person {name: 'Matti Virtanen'}), (b:Programme {name: 'Kymenlaakson KOKO'})
WITH a, b
RETURN length(shortestPath((a)-[*..5]->(b))) AS hops, [n IN nodes(shortestPath((a)-[*..5]->(b))) | n.name] AS names

// name: all_shortest_paths_in_either_direction
// expect: [[4, 1, ["Pekka Öhman", "Åländsk Utveckling Ab", "Kymijoen Kehitys Oy", "Kymin osaajat", "Kouvola"]]]
MATCH (a:Person {name: 'Pekka Öhman'}), (b:Municipality {name: 'Kouvola'})
WITH a, b
MATCH path = allShortestPaths((a)-[*..6]-(b))
RETURN length(path) AS hops, count(*) AS paths, collect([n IN nodes(path) | n.name])[0] AS names

// name: starts_with
// expect: [["Kouvola"], ["Kouvolan Innovaatiot Oy"]]
MATCH (n:Entity)
WHERE n.name STARTS WITH 'Kouvola'
RETURN n.name AS name
ORDER BY name

// name: contains_ignoring_case
// params: {"text": "KARJALA"}
// expect: [["Pohjois-Karjala"], ["Pohjois-Karjalan Ammattiopisto Ässä"]]
MATCH (n:Entity)
WHERE toLower(n.name) CONTAINS toLower($text)
RETURN n.name AS name
ORDER BY name

// name: ends_with
// expect: [["Kouvolan Innovaatiot Oy"], ["Kymijoen Kehitys Oy"], ["O'Connor & Kumppanit Oy"]]
MATCH (o:Organisation)
WHERE o.name ENDS WITH ' Oy'
RETURN o.name AS name
ORDER BY name

// name: order_by_descending_with_skip_and_limit
// params: {"skip": 1, "limit": 2}
// expect: [["Kymin osaajat", 250000.5], ["Saariston silta", 120000]]
MATCH (p:Project)
WHERE p.budget_eur IS NOT NULL
RETURN p.name AS project, p.budget_eur AS budget_eur
ORDER BY budget_eur DESC
SKIP $skip
LIMIT $limit

// name: parameters_of_every_type
// params: {"year": 2022, "minimum": 200000.25, "flag": true, "missing": null}
// expect: [["Kymin osaajat", true, null], ["Vaaraverkko", true, null]]
MATCH (p:Project)
WHERE $year IN p.years AND p.budget_eur >= $minimum
RETURN p.name AS project, $flag AS flag, $missing AS missing
ORDER BY project

// name: pattern_predicate_in_where
// expect: [["Kymijoen Kehitys Oy"], ["Vaarajoen Osaamiskeskus ry"], ["Åländsk Utveckling Ab"]]
MATCH (o:Organisation)
WHERE (o)-[:COORDINATES]->(:Project)
RETURN o.name AS name
ORDER BY name

// name: negated_pattern_predicate_finds_the_isolated_node
// expect: [["Tyhjä Säätiö"]]
MATCH (n:Entity)
WHERE NOT (n)--()
RETURN n.name AS name

// name: pattern_comprehension_counts_neighbours
// expect: [["Kymijoen Kehitys Oy", 5], ["Vaarajoen Osaamiskeskus ry", 4], ["Åländsk Utveckling Ab", 3]]
MATCH (o:Organisation)
WHERE (o)-[:COORDINATES]->()
RETURN o.name AS name, size([(o)--(x) | x]) AS degree
ORDER BY degree DESC, name

// name: case_expression_buckets_budgets
// expect: [["Hiljainen hanke", "tuntematon"], ["Kymin osaajat", "keskikokoinen"], ["Saariston silta", "pieni"], ["Vaaraverkko", "keskikokoinen"]]
MATCH (p:Project)
RETURN p.name AS project,
       CASE WHEN p.budget_eur IS NULL THEN 'tuntematon' WHEN p.budget_eur < 200000 THEN 'pieni' ELSE 'keskikokoinen' END AS size
ORDER BY project

// name: map_projection
// expect: [[{"name": "Lieksa", "kind": "Municipality", "aliases": ["Lieksan kaupunki"]}]]
MATCH (m:Municipality {name: 'Lieksa'})
RETURN m {.name, .kind, .aliases} AS municipality

// name: list_comprehension_over_years
// expect: [["Kymin osaajat", [2023, 2024]], ["Vaaraverkko", [2023]]]
MATCH (p:Project)
WHERE any(y IN p.years WHERE y >= 2023)
RETURN p.name AS project, [y IN p.years WHERE y >= 2023] AS late_years
ORDER BY project

// name: budget_statistics
// expect: [[3, 850000.5, 283333.5, 120000, 480000]]
MATCH (p:Project)
WHERE p.budget_eur IS NOT NULL
RETURN count(p) AS projects, sum(p.budget_eur) AS total, avg(p.budget_eur) AS mean, min(p.budget_eur) AS smallest,
       max(p.budget_eur) AS largest

// name: union_removes_duplicates
// expect: [["Kymijoen Kehitys Oy"], ["Vaarajoen Osaamiskeskus ry"], ["Åländsk Utveckling Ab"]]
MATCH (o:Organisation)-[:COORDINATES]->() RETURN o.name AS name
UNION
MATCH (o:Organisation)-[:COLLABORATES_WITH]-() RETURN o.name AS name

// name: union_all_keeps_duplicates
// expect: [["Kymijoen Kehitys Oy"], ["Kymijoen Kehitys Oy"], ["Vaarajoen Osaamiskeskus ry"], ["Åländsk Utveckling Ab"]]
MATCH (o:Organisation)-[:COORDINATES]->() WHERE o.name STARTS WITH 'Ky' RETURN o.name AS name
UNION ALL
MATCH (o:Organisation)-[:COLLABORATES_WITH]-() WHERE o.name <> 'Kymijoen Kehitys Oy' OR o.name = 'Kymijoen Kehitys Oy' RETURN DISTINCT o.name AS name

// name: undirected_collaboration_is_stored_once_and_found_from_both_ends
// expect: [["Kymijoen Kehitys Oy", "Vaarajoen Osaamiskeskus ry"], ["Kymijoen Kehitys Oy", "Åländsk Utveckling Ab"], ["Vaarajoen Osaamiskeskus ry", "Kymijoen Kehitys Oy"], ["Åländsk Utveckling Ab", "Kymijoen Kehitys Oy"]]
MATCH (a:Organisation)-[:COLLABORATES_WITH]-(b:Organisation)
RETURN a.name AS a, b.name AS b

// name: relationship_functions
// expect: [["WORKS_FOR", "person:anna-liisa-aijala", "organisation:vaarajoen-osaamiskeskus-ry"]]
MATCH (:Person {name: 'Anna-Liisa Äijälä'})-[r:WORKS_FOR]->()
RETURN type(r) AS type, startNode(r).id AS start, endNode(r).id AS end

// name: path_functions
// expect: [[2, ["Person", "Project", "Programme"], ["CONTACT_FOR", "PART_OF"]]]
MATCH path = (:Person {name: 'Anna-Liisa Äijälä'})-[:CONTACT_FOR]->(:Project)-[:PART_OF]->(:Programme)
RETURN length(path) AS hops, [n IN nodes(path) | n.kind] AS kinds, [r IN relationships(path) | type(r)] AS types

// name: count_on_an_empty_match_is_zero
// expect: [[0]]
MATCH (n:Entity {name: 'Ei ole olemassa'})
RETURN count(n) AS found

// name: missing_attributes_are_null
// expect: [["Anna-Liisa Äijälä", null, "040 123 4567", "ei sähköpostia"], ["Matti Virtanen", "matti.virtanen@kko.example.fi", null, "matti.virtanen@kko.example.fi"], ["Pekka Öhman", null, null, "ei sähköpostia"]]
MATCH (p:Person)
RETURN p.name AS person, p.email AS email, p.phone AS phone, coalesce(p.email, 'ei sähköpostia') AS contact
ORDER BY person

// name: string_functions_on_finnish_text
// expect: [["ÅLÄNDSK UTVECKLING AB", 21, "Ålän", ["Åländsk", "Utveckling", "Ab"], "Aländsk Utveckling Ab"]]
MATCH (o:Organisation {name: 'Åländsk Utveckling Ab'})
RETURN toUpper(o.name) AS upper, size(o.name) AS length, substring(o.name, 0, 4) AS head, split(o.name, ' ') AS words,
       replace(o.name, 'Å', 'A') AS folded

// name: arithmetic_and_conversions
// expect: [[2, 1, 2.5, 12, 1.5, "2021", 8.0]]
RETURN 5 / 2 AS int_division, 7 % 3 AS modulo, 5 / 2.0 AS division, toInteger('12') AS integer, toFloat('1.5') AS float,
       toString(2021) AS text, 2 ^ 3 AS power

// name: dates_as_text_compare_in_order
// expect: [["Kymin osaajat", "2022-01-01"], ["Vaaraverkko", "2021-01-01"]]
MATCH (p:Project)
WHERE p.start >= '2021-01-01' AND p.end <= '2024-12-31'
RETURN p.name AS project, p.start AS start
ORDER BY project

// name: label_tests_and_boolean_logic
// expect: [["Kymenlaakso", true, false], ["Kymenlaakson KOKO", false, true]]
MATCH (n:Entity)
WHERE n.name STARTS WITH 'Kymenlaakso' AND (n:Region OR n:Programme)
RETURN n.name AS name, n:Region AS region, n:Programme AS programme
ORDER BY name

// name: reduce_and_range
// expect: [[55, [1, 3, 5, 7, 9]]]
RETURN reduce(total = 0, x IN range(1, 10) | total + x) AS total, [x IN range(1, 10) WHERE x % 2 = 1] AS odd

// name: schema_procedures_list_labels
// expect: [["AlueverkkoMeta"], ["Entity"], ["Fund"], ["Municipality"], ["Network"], ["Organisation"], ["Person"], ["Programme"], ["Project"], ["Region"]]
CALL db.labels() YIELD label
RETURN label
ORDER BY label

// name: relationship_types_procedure
// expect: [["COLLABORATES_WITH"], ["CONTACT_FOR"], ["COORDINATES"], ["FUNDS"], ["PARTICIPATES_IN"], ["PART_OF"], ["WORKS_FOR"]]
CALL db.relationshipTypes() YIELD relationshipType
RETURN relationshipType
ORDER BY relationshipType

// name: the_meta_node_is_not_an_entity
// expect: [[27, 28]]
MATCH (n)
RETURN sum(CASE WHEN n:Entity THEN 1 ELSE 0 END) AS entities, count(n) AS nodes
