/* SPDX-License-Identifier: GPL-2.0-only */
/* The number of models is the registry's: a third model, registered here (the reference
 * model under another name, as a new model would register from its own folder), needs no
 * change anywhere else. `--model both` (and `all`) selects it with the others, its name
 * selects it alone, the help and messages name it, `vgicsim run` reports it beside the
 * others, and `vgicsim check` runs it in lockstep against another model. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model_registry.h"
#include "test_support.h"

static struct vgic_model_ops third;

static const char SCENARIO[] =
    "version: 1\n"
    "gic: {version: 3, vcpus: 2, spis: 32}\n"
    "trace:\n"
    "  - {at: 100, pulse: {intid: 40}}\n"
    "  - {at: 200, pulse: {intid: 41}}\n";

START_TEST(test_selected_and_named)
{
    const struct vgic_model_ops *models[VGIC_MAX_MODELS];
    ck_assert_uint_eq(cli_select_models("both", models), 3);
    ck_assert_str_eq(models[2]->name, "third");
    ck_assert_uint_eq(cli_select_models("all", models), 3);
    ck_assert_uint_eq(cli_select_models("third", models), 1);
    ck_assert_ptr_eq(models[0], &third);
    char *names = cli_model_names();
    ck_assert_str_eq(names, "ref, perf, third");
    free(names);
}
END_TEST

START_TEST(test_run_reports_every_model)
{
    char *scenario = test_write_temp(SCENARIO);
    char *report = test_write_temp("");
    char *argv[] = {"run", "--format", "json", "-o", report, scenario, NULL};
    ck_assert_int_eq(cli_run(6, argv), CLI_EXIT_OK);
    json_error_t err;
    json_t *root = json_load_file(report, 0, &err);
    ck_assert_ptr_nonnull(root);
    json_t *models = json_object_get(root, "models");
    ck_assert_uint_eq(json_array_size(models), 3);
    const char *expected[] = {"ref", "perf", "third"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(models, i), "model")),
                         expected[i]);
    json_decref(root);
    unlink(report);
    unlink(scenario);
    free(report);
    free(scenario);
}
END_TEST

START_TEST(test_check_against_it)
{
    char *scenario = test_write_temp(SCENARIO);
    char *argv[] = {"check", "-q", "--against", "third", scenario, NULL};
    ck_assert_int_eq(cli_check(5, argv), CLI_EXIT_OK);
    unlink(scenario);
    free(scenario);
}
END_TEST

int main(void)
{
    /* Registered as a model's constructor would (the others are registered already). */
    third = *vgic_model_by_name("ref");
    third.name = "third";
    third.summary = "a copy of the reference model, under another name";
    third.order = 2;
    vgic_model_register(&third);

    Suite *s = suite_create("model_count");
    TCase *tc = tcase_create("third model");
    tcase_add_test(tc, test_selected_and_named);
    tcase_add_test(tc, test_run_reports_every_model);
    tcase_add_test(tc, test_check_against_it);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
