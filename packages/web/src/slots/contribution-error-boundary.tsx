import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** What to show instead of the contribution once it has thrown. */
  fallback: (error: Error) => ReactNode;
  children: ReactNode;
}

/**
 * Catches what one plug's screen throws while rendering, so only that screen is replaced by a
 * message and the rest of the page keeps working. React offers this only as a class component.
 */
export class ContributionErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("a plug's screen failed", error, info.componentStack);
  }

  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
