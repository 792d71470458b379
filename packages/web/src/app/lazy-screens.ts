import { lazy } from "react";

// Each screen is its own chunk: the first load carries the shell and the sign-in screen only.
export const LoginScreen = lazy(() => import("../screens/login-screen.js").then((m) => ({ default: m.LoginScreen })));
export const DashboardScreen = lazy(() => import("../screens/dashboard-screen.js").then((m) => ({ default: m.DashboardScreen })));
export const FacilitiesScreen = lazy(() => import("../screens/facilities-screen.js").then((m) => ({ default: m.FacilitiesScreen })));
export const PatientsScreen = lazy(() => import("../screens/patients-screen.js").then((m) => ({ default: m.PatientsScreen })));
export const PatientNewScreen = lazy(() => import("../screens/patient-new-screen.js").then((m) => ({ default: m.PatientNewScreen })));
export const PatientScreen = lazy(() => import("../screens/patient-screen.js").then((m) => ({ default: m.PatientScreen })));
export const PatientEditScreen = lazy(() => import("../screens/patient-edit-screen.js").then((m) => ({ default: m.PatientEditScreen })));
export const EncounterScreen = lazy(() => import("../screens/encounter-screen.js").then((m) => ({ default: m.EncounterScreen })));
export const AdminScreen = lazy(() => import("../screens/admin-screen.js").then((m) => ({ default: m.AdminScreen })));
export const PlugDetailScreen = lazy(() => import("../console/plug-detail-screen.js").then((m) => ({ default: m.PlugDetailScreen })));
export const MigrationsScreen = lazy(() => import("../console/migrations-screen.js").then((m) => ({ default: m.MigrationsScreen })));
export const DeliveriesScreen = lazy(() => import("../console/deliveries-screen.js").then((m) => ({ default: m.DeliveriesScreen })));
export const UsersScreen = lazy(() => import("../console/users-screen.js").then((m) => ({ default: m.UsersScreen })));
export const ChangesScreen = lazy(() => import("../console/changes-screen.js").then((m) => ({ default: m.ChangesScreen })));
export const PlugPageScreen = lazy(() => import("../screens/plug-page-screen.js").then((m) => ({ default: m.PlugPageScreen })));
export const NotFoundScreen = lazy(() => import("../screens/not-found-screen.js").then((m) => ({ default: m.NotFoundScreen })));
