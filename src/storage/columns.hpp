#pragma once

#include <complaints/domain/complaint.hpp>

#include <complaints/storage/sql.hpp>

#include <optional>
#include <string>

namespace complaints::storage {

// The stored fields of a complaint: one list of columns, each with how it is
// bound and read, from which the SELECT list, the INSERT and the UPDATE are
// built. Adding a field is one entry in columns.cpp (and a migration).

// "row_id, id, status, kind, ...": what `read_complaint` reads.
const std::string& complaint_columns();
// Reads a row selected with `complaint_columns()`.
domain::Complaint read_complaint(sql::Statement& s);
// The keys the duplicate search looks complaints up by (schema version 8):
// the normalised contact and order, none when there is nothing to compare.
std::optional<std::string> contact_key(const domain::Complaint& complaint);
std::optional<std::string> order_key(const domain::Complaint& complaint);
// Binds every stored field of `complaint` (:status, :assign_due, ...) and its
// keys (:contact_key, :order_key), numbered from `first` in that order, as
// insert_complaint_sql (first: k_insert_first_field) and update_complaint_sql
// (first: 1) hold them.
void bind_complaint(sql::Statement& s, const domain::Complaint& complaint, int first);
// The number of the first stored field's parameter in insert_complaint_sql
// (after :id, :day, :code and :serial).
inline constexpr int k_insert_first_field = 5;
// INSERT with :id, :day, :code, :serial and every stored field, RETURNING the
// new row_id.
const std::string& insert_complaint_sql();
// UPDATE of every stored field WHERE row_id = :row_id.
const std::string& update_complaint_sql();

}  // namespace complaints::storage
