package org.scalingpipeline.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.json.JsonFields;

/**
 * The parts a fit plan ({@code data/fit-plan.json}, section {@code roles}) plays in the analysis views,
 * so the views name no plan entry: which entry is the reference allocation of the trained runs, which
 * one's vertex is their measured N_opt, which fit (and group) is the published allocation law, which
 * entries pair as N_opt = k_N C^a and D_opt = k_D C^b (Hoffmann et al. 2022, approaches 1 and 2), and
 * which is the closed form of Eq. 10. The views read them as the temporary view {@code plan_roles}.
 *
 * @param referenceAllocation the entry fitting the Perceiver AR article's N_opt = k_N C^0.5 to the trained reference runs
 * @param measuredIsoflop the entry fitting the trained IsoFLOP parabolas, whose vertices are the measured N_opt
 * @param publishedAllocation the published allocation law the predictions are compared with
 * @param closedFormOptimum the entry recording Hoffmann et al.'s approach 3 (Eq. 10) as published
 * @param allocationPairs the N and D allocation entries fitted to the same table
 */
public record PlanRoles(String referenceAllocation, String measuredIsoflop, Fit publishedAllocation,
    String closedFormOptimum, List<AllocationPair> allocationPairs) {

  /** Where the bundled plan sits on the class path. */
  public static final String BUNDLED_PLAN = "data/fit-plan.json";

  /** The columns of {@code plan_roles}: one row per (role, plan entry). */
  public static final StructType SCHEMA = new StructType()
      .add("role", DataTypes.StringType, false)
      .add("fit_name", DataTypes.StringType, false)
      .add("group_id", DataTypes.StringType, true)
      .add("pair", DataTypes.StringType, true)
      .add("free_exponent", DataTypes.BooleanType, true);

  public PlanRoles {
    if (referenceAllocation == null || measuredIsoflop == null || publishedAllocation == null
        || closedFormOptimum == null || allocationPairs == null) {
      throw new IllegalArgumentException("fit plan roles: reference_allocation, measured_isoflop, published_allocation,"
          + " closed_form_optimum and allocation_pairs are required, got " + referenceAllocation + ", " + measuredIsoflop
          + ", " + publishedAllocation + ", " + closedFormOptimum + ", " + allocationPairs);
    }
    allocationPairs = List.copyOf(allocationPairs);
  }

  /** One fit of an entry: its name and, when the entry fits several groups, the group. */
  public record Fit(String fitName, String groupId) {}

  /**
   * An N_opt entry and the D_opt entry fitted to the same table.
   *
   * @param name the pair's name, e.g. {@code chinchilla-allocation-fixed-1}, as {@code allocations.law_name} shows it
   * @param n the entry fitting N_opt(C)
   * @param d the entry fitting D_opt(C)
   * @param freeExponent whether both exponents are fitted (else held at the published values)
   */
  public record AllocationPair(String name, String n, String d, boolean freeExponent) {}

  /** Every plan entry the roles name. */
  public List<String> entries() {
    List<String> names = new ArrayList<>(List.of(referenceAllocation, measuredIsoflop, publishedAllocation.fitName(),
        closedFormOptimum));
    allocationPairs.forEach(p -> names.addAll(List.of(p.n(), p.d())));
    return names;
  }

  /** The roles as the rows of {@code plan_roles}. */
  public Dataset<Row> rows(SparkSession spark) {
    List<Row> rows = new ArrayList<>(List.of(
        RowFactory.create("reference-allocation", referenceAllocation, null, null, null),
        RowFactory.create("measured-isoflop", measuredIsoflop, null, null, null),
        RowFactory.create("published-allocation", publishedAllocation.fitName(), publishedAllocation.groupId(), null, null),
        RowFactory.create("closed-form-optimum", closedFormOptimum, null, null, null)));
    allocationPairs.forEach(p -> Stream.of(
            RowFactory.create("allocation-n", p.n(), null, p.name(), p.freeExponent()),
            RowFactory.create("allocation-d", p.d(), null, p.name(), p.freeExponent()))
        .forEach(rows::add));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The roles of the bundled plan. */
  public static PlanRoles bundled() {
    try (InputStream in = PlanRoles.class.getClassLoader().getResourceAsStream(BUNDLED_PLAN)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED_PLAN + " is not on the class path");
      }
      ObjectMapper mapper = JsonFields.mapper();
      JsonNode roles = mapper.readTree(in).path("roles");
      if (roles.isMissingNode()) {
        throw new IllegalStateException(BUNDLED_PLAN + " has no 'roles' section");
      }
      return mapper.treeToValue(roles, PlanRoles.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the roles of " + BUNDLED_PLAN + ": " + e.getMessage(), e);
    }
  }
}
